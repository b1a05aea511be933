// The AWS SDK warns on every client that its releases after January 2027 need Node 22. Bulkhead
// targets Node 20 today; the warning would only teach users to ignore stderr, so it is dropped
// here (and only this one) before anything loads the SDK.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (text.startsWith('NodeVersionSupportWarning')) return;
  (emitWarning as (...a: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

const { main } = await import('./main.js');
process.exitCode = await main(process.argv);
