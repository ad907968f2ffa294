import { runAlarmLatencyBench } from './alarm-latency.js';
import { runCapacityBench } from './capacity.js';
import { runClusterBench } from './cluster.js';
import { runCountingBench } from './counting.js';
import { runDetectorBench } from './detector.js';
import { runEventSearchBench } from './event-search.js';
import { runFleetBench } from './fleet.js';
import { runHealthBench } from './health.js';
import { writeSection } from './lib.js';
import { runLiveLatencyBench } from './live-latency.js';
import { runPipelineBench } from './pipeline.js';
import { runDecodeBench } from './pipeline-decode.js';
import { runPrivacyBench } from './privacy.js';
import { runPublicRegisterBench } from './public-register.js';
import { runRecordingBench } from './recording.js';
import { runSituationsBench } from './situations.js';

// `npm run bench` runs every benchmark; `npm run bench -- fleet` only the named ones.
const benches: Record<string, () => Promise<string>> = {
  fleet: runFleetBench,
  detector: runDetectorBench,
  recording: runRecordingBench,
  live: runLiveLatencyBench,
  decode: runDecodeBench,
  pipeline: runPipelineBench,
  capacity: runCapacityBench,
  situations: runSituationsBench,
  events: runEventSearchBench,
  alarms: runAlarmLatencyBench,
  public: runPublicRegisterBench,
  privacy: runPrivacyBench,
  counting: runCountingBench,
  health: runHealthBench,
  cluster: runClusterBench,
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stderr.write(`bench ${name}…\n`);
  const md = await run();
  writeSection(name, md);
  process.stdout.write(`${md}\n\n`);
}
