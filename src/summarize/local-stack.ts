/** The local summarizer stack, loaded on the first summary when SUMMARIZER=local (the model itself loads on first use). */
import { statSync } from 'node:fs';
import type { Config } from '../config.js';
import type { SummarizerDeps } from './factory.js';
import { serveLlm } from './llm-stack.js';
import { LocalSummarizer, localModelName } from './local.js';
import { PROMPT_VERSION } from './prompt.js';
import type { Summarizer } from './summarizer.js';

/** local, cached in the store, falling back to extractive: the same serving as openai's. */
export function createLocalSummarizer(config: Config, deps: SummarizerDeps, modelPath: string): Summarizer {
  const local = new LocalSummarizer({
    modelPath,
    threads: config.local.threads,
    contextSize: config.local.contextSize,
    deadlineMs: config.local.deadlineMs,
    logger: deps.logger,
    ...deps.local,
  });
  // Another file under the same name (a new quantisation, say) is another model: its size is part of the key.
  const model = `${localModelName(modelPath)}#${statSync(modelPath).size}`;
  return serveLlm(local, { promptVersion: PROMPT_VERSION, model, endpoint: 'in-process' }, 'local', deps);
}
