import type { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerImport } from './import.js';
import { registerEval } from './eval.js';
import { registerInfo } from './info.js';
import { registerSimilar } from './similar.js';
import { registerTrain } from './train.js';
import { registerEmbed } from './embed.js';

/** Every command of the CLI, each registered by its own module. */
export const COMMANDS: ((program: Command) => void)[] = [registerInfo, registerAnalyze, registerImport, registerEval, registerSimilar, registerTrain, registerEmbed];
