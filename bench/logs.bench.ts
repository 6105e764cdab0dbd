/**
 * View Logs on a container that writes 10 MB/s for 10 s, against a real dockerd over TLS: the
 * extension's follower (src/docker/logs.ts) feeding the logs document's bounded buffer
 * (src/docker/logBuffer.ts), whose text is read every 200 ms as the editor would. Every line carries
 * a sequence number (lost and reordered lines are counted) and the engine's timestamp (follow lag is
 * the time from the engine reading a line to the buffer holding it).
 */
import { LogBuffer } from '../src/docker/logBuffer';
import { followLogs } from '../src/docker/logs';
import { startRealEngine } from '../test/integration/realEngine';
import { TEST_IMAGE } from '../test/harness/dockerd';
import type { Result } from './result';
import { percentile, round, sleep } from './stats';

const HOST = '127.0.3.84';
const SECONDS = 10;
const CHUNKS_PER_SECOND = 10;
const LINES_PER_CHUNK = 1000;
/** 1,000 bytes with its newline: 10 chunks of 1,000 lines a second is 10 MB/s. */
const LINE_BYTES = 1000;
const LINES = SECONDS * CHUNKS_PER_SECOND * LINES_PER_CHUNK;

// busybox awk writes each chunk in a few ms, then sleeps out the rest of its tenth of a second.
const writer = `sleep 1; awk 'BEGIN { pad = sprintf("%${LINE_BYTES}s", ""); gsub(/ /, "x", pad);
  for (c = 0; c < ${SECONDS * CHUNKS_PER_SECOND}; c++) {
    for (i = 0; i < ${LINES_PER_CHUNK}; i++) printf "%08d %s\\n", c * ${LINES_PER_CHUNK} + i, substr(pad, 1, ${LINE_BYTES - 10});
    fflush(); system("sleep 0.08");
  } }'`;

export async function run(): Promise<Result> {
    const { dockerd, client, truth } = await startRealEngine(HOST, 60_000);
    try {
        const container = await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['sh', '-c', writer], HostConfig: { NetworkMode: 'none' } });
        await container.start();
        const buffer = new LogBuffer();
        let expected = 0;
        let lost = 0;
        let reordered = 0;
        let firstStamp = Infinity;
        let lastStamp = 0;
        const lags: number[] = [];
        // dockerode loads at a client's first call; in the editor the tree's expand has loaded it already.
        await client.call('ping the engine', (d) => d.ping());
        global.gc?.();
        await sleep(200);
        const rssBefore = process.memoryUsage().rss;
        let rssPeak = rssBefore;
        const sampler = setInterval(() => {
            rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
            buffer.text(); // what the editor reads on each 200 ms update
        }, 200);
        const follower = await followLogs(client, container.id, {
            tail: 'all',
            timestamps: true,
            onLine: (line, source) => {
                if (source === 'notice') {
                    return;
                }
                const space = line.indexOf(' ');
                const stamp = Date.parse(line.slice(0, space));
                const seq = Number(line.slice(space + 1, space + 9));
                lags.push(Date.now() - stamp);
                firstStamp = Math.min(firstStamp, stamp);
                lastStamp = Math.max(lastStamp, stamp);
                if (seq > expected) {
                    lost += seq - expected;
                } else if (seq < expected) {
                    reordered++;
                }
                expected = Math.max(expected, seq + 1);
                buffer.append(line.slice(space + 1));
            },
        });
        const end = await follower.ended;
        clearInterval(sampler);
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        await container.remove({ force: true });
        lost += LINES - expected;
        const figures = {
            linesWritten: LINES,
            linesReceived: buffer.received,
            linesLost: lost,
            linesReordered: reordered,
            writeRateMBps: round((LINES * LINE_BYTES) / 1e6 / ((lastStamp - firstStamp) / 1000), 2),
            followLagP50Ms: round(percentile(lags, 50)),
            followLagP95Ms: round(percentile(lags, 95)),
            followLagMaxMs: round(Math.max(...lags)),
            rssGrowthMb: round((rssPeak - rssBefore) / 1024 / 1024),
            linesKeptInView: buffer.kept,
            linesDroppedFromView: buffer.dropped,
        };
        return {
            name: 'logs',
            figures,
            goal: `View Logs on a container writing 10 MB/s for 10 s (${LINES.toLocaleString('en')} lines of 1 KB): 0 lines lost or reordered, follow lag p95 ≤ 500 ms, RSS growth ≤ 100 MB`,
            pass: end.reason === 'ended' && lost === 0 && reordered === 0 && buffer.received === LINES && figures.followLagP95Ms <= 500 && figures.rssGrowthMb <= 100,
        };
    } finally {
        client.dispose();
        await dockerd.stop();
    }
}

if (require.main === module) {
    run().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
    });
}
