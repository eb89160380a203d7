/** The local summarizer stack, built on the first summary when SUMMARIZER=local (the model itself loads on first use). */
import { statSync } from 'node:fs';
import type { Config } from '../../config.js';
import type { Summarizer } from '../common/index.js';
import { PROMPT_VERSION, type ServeDeps, serveLlm } from '../llm/index.js';
import { LocalSummarizer, type LocalSummarizerOptions } from './local.js';
import { localModelName } from './local-file.js';

export interface LocalStackDeps extends ServeDeps {
  /** Test seams for the local summarizer (a model shared between tests, clock). */
  local?: Partial<LocalSummarizerOptions>;
}

/** local, cached in the store, falling back to extractive: the same serving as openai's. */
export function createLocalStack(config: Config, deps: LocalStackDeps, modelPath: string): Summarizer {
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
