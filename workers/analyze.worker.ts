// Comlink wiring only: the engine is pure and tested directly (docs/architecture.md).
import { expose } from 'comlink';
import type { AnalyzeOptions, InputFile, ProgressCallback } from './api.ts';
import { type ContextRequest, readContext } from './context.ts';
import { analyzeFiles } from './engine.ts';

const api = {
  analyze(inputs: InputFile[], onProgress: ProgressCallback, options?: AnalyzeOptions) {
    return analyzeFiles(inputs, { onProgress, ...options });
  },
  readContext(inputs: InputFile[], request: ContextRequest) {
    return readContext(inputs, request);
  },
};

export type AnalyzerApi = typeof api;

expose(api);
