import type { Command } from 'commander';
import { registerEval } from './eval.js';
import { registerInfo } from './info.js';
import { registerSimilar } from './similar.js';

/** Every command of the CLI, each registered by its own module. */
export const COMMANDS: ((program: Command) => void)[] = [registerInfo, registerEval, registerSimilar];
