// Worker-thread entry for the cold scan: scans the paths it is given and posts the outcomes back.

import { parentPort, workerData } from 'node:worker_threads';
import { readAndScan } from './readAndScan';

interface ScanJob {
  root: string;
  paths: string[];
  maxFileBytes: number;
}

const job = workerData as ScanJob;
const outcomes = job.paths.map((path) => readAndScan(job.root, path, job.maxFileBytes));
parentPort?.postMessage(outcomes);
