import { loadScenario, shippedScenarios } from '../../ops/drills/scenario.js';
import { printJson, say } from '../output.js';

/** `drill scenarios`: the shipped scenarios, read without the drill's restore and report code. */
export function runScenarios(opts: { json?: boolean }): void {
  const scenarios = shippedScenarios().map((name) => ({ name, scenario: loadScenario(name) }));
  if (opts.json) return printJson(scenarios.map(({ name, scenario: s }) => ({ name, description: s.description, targets: s.targets })));
  for (const { name, scenario: s } of scenarios) {
    say(`${name.padEnd(18)} RTO ${s.targets.rtoMinutes} min, RPO ${s.targets.rpoHours} h — ${s.description}`);
  }
}
