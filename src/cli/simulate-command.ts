import type { Command } from 'commander';
import { runSimulateCommand } from '../media/simulator/cli.js';

export function registerSimulateCommand(program: Command) {
  program
    .command('simulate')
    .description('serve simulated RTSP cameras (main + sub stream each) from footage or generated scenes')
    .option('--cameras <n>', 'number of cameras (cam1..camN)', '8')
    .option('--port <port>', 'RTSP port', '8554')
    .option('--host <address>', 'listen address', '127.0.0.1')
    .option('--footage <file>', 'video file every camera loops (default: generated scenes with a burnt-in clock)')
    .option('--cache-dir <dir>', 'where prepared clips are cached')
    .option('--json', 'print the camera URLs as one JSON object')
    .action(
      async (o: {
        cameras: string;
        port: string;
        host: string;
        footage?: string;
        cacheDir?: string;
        json?: boolean;
      }) => {
        process.exitCode = await runSimulateCommand({
          cameras: Number(o.cameras),
          port: Number(o.port),
          host: o.host,
          ...(o.footage && { footage: o.footage }),
          ...(o.cacheDir && { cacheDir: o.cacheDir }),
          ...(o.json && { json: true }),
        });
      },
    );
}
