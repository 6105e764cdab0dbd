// Images, volumes and networks as tree rows, without VS Code (containers: containerRows.ts).
import type { ImageSummary, NetworkSummary, VolumeSummary } from './summaries';

export interface ResourceRow<T> {
    readonly id: string;
    readonly label: string;
    readonly description: string;
    /** Matched by the menus' regexes in package.json. */
    readonly contextValue: string;
    readonly item: T;
}

/** 1.2 GB, 87 MB, 5 KB: what docker images prints, in powers of 1000. */
export function formatSize(bytes: number): string {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
    }
    const text = value >= 10 || unit === 0 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
    return `${text} ${units[unit]}`;
}

/** "just now", "5 minutes ago", "3 days ago", "2 years ago". */
export function formatAge(date: Date, now = new Date()): string {
    const seconds = Math.max(0, (now.getTime() - date.getTime()) / 1000);
    const steps: [number, string][] = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Number.POSITIVE_INFINITY, 'year']];
    let value = seconds;
    for (const [size, name] of steps) {
        if (value < size) {
            const n = Math.floor(value);
            return name === 'second' ? 'just now' : `${n} ${name}${n === 1 ? '' : 's'} ago`;
        }
        value /= size;
    }
    return 'long ago';
}

/** One row per tag (an image with two tags shows twice, as `docker images` does); dangling ones as <none>. */
export function imageRows(images: readonly ImageSummary[], now = new Date()): ResourceRow<ImageSummary & { reference?: string }>[] {
    return images
        .flatMap((image) => {
            const description = `${formatSize(image.size)} · ${formatAge(image.created, now)}`;
            if (image.dangling || image.repoTags.length === 0) {
                return [{ id: image.id, label: `<none> ${image.id.replace(/^sha256:/, '').slice(0, 12)}`, description, contextValue: 'danglingImage', item: { ...image } }];
            }
            return image.repoTags.map((tag) => ({ id: `${image.id}:${tag}`, label: tag, description, contextValue: 'image', item: { ...image, reference: tag } }));
        })
        .sort((a, b) => a.label.localeCompare(b.label));
}

export function volumeRows(volumes: readonly VolumeSummary[]): ResourceRow<VolumeSummary>[] {
    return [...volumes].sort((a, b) => a.name.localeCompare(b.name)).map((v) => ({ id: v.name, label: v.name, description: v.driver, contextValue: 'volume', item: v }));
}

export function networkRows(networks: readonly NetworkSummary[]): ResourceRow<NetworkSummary>[] {
    return [...networks]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((n) => ({ id: n.id, label: n.name, description: n.builtIn ? `${n.driver} · built-in` : n.driver, contextValue: n.builtIn ? 'builtInNetwork' : 'network', item: n }));
}
