#!/usr/bin/env node
import { Command } from 'commander';
import { VERSION } from '../app/centre.js';
import { registerAdminCommands } from './admin-commands.js';
import { registerAnalyzeCommand } from './analyze-command.js';
import { registerClusterCommand } from './cluster-command.js';
import { registerEvalCommand } from './eval-command.js';
import { registerLearnCommand } from './learn-command.js';
import { registerLegalCommands } from './legal-commands.js';
import { registerServeCommand } from './serve-command.js';
import { registerSimulateCommand } from './simulate-command.js';

const program = new Command()
  .name('vigie')
  .description('Vigie video-protection centre')
  .version(VERSION)
  .option('-c, --config <file>', 'path to vigie.yaml (default ./vigie.yaml or $VIGIE_CONFIG)');

registerServeCommand(program);
registerAdminCommands(program);
registerSimulateCommand(program);
registerClusterCommand(program);
registerAnalyzeCommand(program);
registerEvalCommand(program);
registerLearnCommand(program);
registerLegalCommands(program);

program.parseAsync().catch((e: Error) => {
  process.stderr.write(`vigie: ${e.message}\n`);
  process.exit(1);
});
