import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { formatSize } from '../../../docker/resourceRows';
import { watchStats, type StatsSample } from '../../../docker/stats';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { pickContainers } from '../engineItems';

function render(name: string, s: StatsSample): string {
    const rate = (v: number | undefined) => (v === undefined ? '…' : `${formatSize(v)}/s`);
    return [
        `${name} — ${s.at.toLocaleTimeString()}`,
        '',
        `CPU      ${s.cpuPercent.toFixed(1)} %`,
        `Memory   ${formatSize(s.memoryBytes)} of ${formatSize(s.memoryLimitBytes)} (${s.memoryPercent.toFixed(1)} %)`,
        `Network  in ${formatSize(s.networkRxBytes)} (${rate(s.networkRxBytesPerSecond)}), out ${formatSize(s.networkTxBytes)} (${rate(s.networkTxBytesPerSecond)})`,
        s.pids === undefined ? '' : `PIDs     ${s.pids}`,
        '',
    ].join('\n');
}

/** Live CPU, memory and network of a container in a read-only document; closing it stops the stream. */
export async function containerStatsCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickContainers(context, services, containerContexts.running, node);
    const client = await item.engine.getClient();
    await services.liveDocuments.open(`${item.engine.host.name}/${item.container.name}.stats`, 'plaintext', async (doc) => {
        doc.replace(`${item.container.name} — waiting for the first sample…\n`);
        const watcher = await watchStats(client, item.container.id, (sample) => doc.replace(render(item.container.name, sample)));
        void watcher.ended.then((end) => {
            if (end.reason === 'connectionLost') {
                doc.replace(`${item.container.name}: the connection to the engine was lost. ${end.error.cause}\n`);
            } else if (end.reason === 'ended') {
                doc.replace(`${item.container.name} stopped.\n`);
            }
        });
        return () => watcher.stop();
    });
}
