import type { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerImport } from './import.js';
import { registerEval } from './eval.js';
import { registerInfo } from './info.js';
import { registerSimilar } from './similar.js';
import { registerTrain } from './train.js';
import { registerEmbed } from './embed.js';
import { registerUser } from './user.js';
import { registerListen, registerRate } from './listen.js';
import { registerExclude } from './exclude.js';
import { registerHistory } from './history.js';
import { registerProfile } from './profile.js';

/** Every command of the CLI, each registered by its own module. */
export const COMMANDS: ((program: Command) => void)[] = [
  registerInfo,
  registerAnalyze,
  registerImport,
  registerUser,
  registerListen,
  registerRate,
  registerExclude,
  registerHistory,
  registerProfile,
  registerEval,
  registerSimilar,
  registerTrain,
  registerEmbed,
];
