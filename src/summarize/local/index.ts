/** The transport for a GGUF model in-process (node-llama-cpp, loaded with the model on the first summary). */

export { LocalSummarizer, type LocalSummarizerOptions } from './local.js';
export { checkLlamaInstalled, checkLocalModelFile, localModelName } from './local-file.js';
export { defaultThreads, LocalModel } from './local-model.js';
export { createLocalStack, type LocalStackDeps } from './stack.js';
