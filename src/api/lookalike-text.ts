// The console shows a writer's names by the CLI's one rule for lookalike letters (the renderer imports only src/api).
export { looksLikeAnother, markLookalikes } from '../util/lookalike-text.js';
