import type { PullProgress } from '../../../docker/pullProgress';
import type { ProgressReporter } from '../../withCancellableProgress';

/** Turns a pull's or push's layer progress into the notification's message and increments. */
export function transferProgress(progress: ProgressReporter): (p: PullProgress) => void {
    let reported = 0;
    return (p) => {
        const percent = Math.round(p.fraction * 100);
        progress.report({ message: p.message, increment: Math.max(0, percent - reported) });
        reported = Math.max(reported, percent);
    };
}
