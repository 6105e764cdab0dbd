// The engine's build stream (one JSON message a line) folded into steps, output lines and the
// failure with the step it happened in.
import { LineSplitter } from '../lineSplitter';

/** One line of /build's answer (the classic builder). */
export interface RawBuildMessage {
    stream?: string;
    status?: string;
    aux?: { ID?: string };
    error?: string;
    errorDetail?: { message?: string; code?: number };
}

export interface BuildStep {
    /** 1-based. */
    readonly index: number;
    readonly total: number;
    /** e.g. "RUN make". */
    readonly instruction: string;
}

export type BuildEvent =
    | { readonly kind: 'step'; readonly step: BuildStep }
    | { readonly kind: 'output'; readonly line: string; readonly step?: BuildStep }
    | { readonly kind: 'error'; readonly message: string; readonly step?: BuildStep };

/** A build the engine ran and refused: the step it stopped at and what that step printed. */
export class BuildFailedError extends Error {
    constructor(readonly engineMessage: string, readonly step: BuildStep | undefined, readonly output: readonly string[]) {
        super(step ? `Step ${step.index}/${step.total} (${step.instruction}) failed: ${engineMessage}` : `The build failed: ${engineMessage}`);
        this.name = 'BuildFailedError';
    }
}

const stepPattern = /^Step (\d+)\/(\d+) : (.*)$/;
/** How many of a step's last output lines a failure keeps. */
const keptOutputLines = 50;

export class BuildStreamParser {
    private readonly lines = new LineSplitter();
    private readonly text = new LineSplitter();
    private step: BuildStep | undefined;
    private stepOutput: string[] = [];
    imageId: string | undefined;
    failure: BuildFailedError | undefined;

    constructor(private readonly onEvent: (event: BuildEvent) => void) {}

    /** Feeds raw bytes of the response. */
    push(chunk: Buffer | string): void {
        for (const line of this.lines.push(chunk)) {
            this.message(line);
        }
    }

    /** The end of the response: whatever is left is the last message and line. */
    end(): void {
        const rest = this.lines.flush();
        if (rest) {
            this.message(rest);
        }
        const last = this.text.flush();
        if (last !== undefined) {
            this.line(last);
        }
    }

    private message(line: string): void {
        if (!line.trim()) {
            return;
        }
        let raw: RawBuildMessage;
        try {
            raw = JSON.parse(line) as RawBuildMessage;
        } catch {
            // Not the engine's JSON (a proxy's page, say): show it rather than drop it.
            this.line(line);
            return;
        }
        if (raw.error !== undefined || raw.errorDetail?.message !== undefined) {
            const pending = this.text.flush();
            if (pending !== undefined) {
                this.line(pending);
            }
            const message = (raw.errorDetail?.message ?? raw.error ?? '').trim();
            this.failure ??= new BuildFailedError(message, this.step, this.stepOutput.slice(-keptOutputLines));
            this.onEvent({ kind: 'error', message, step: this.step });
            return;
        }
        if (raw.aux?.ID) {
            this.imageId = raw.aux.ID;
        }
        const text = raw.stream ?? raw.status;
        if (text) {
            for (const l of this.text.push(text)) {
                this.line(l);
            }
        }
    }

    private line(line: string): void {
        const step = stepPattern.exec(line);
        if (step) {
            this.step = { index: Number(step[1]), total: Number(step[2]), instruction: step[3] };
            this.stepOutput = [];
            this.onEvent({ kind: 'step', step: this.step });
            return;
        }
        this.stepOutput.push(line);
        if (this.stepOutput.length > 2 * keptOutputLines) {
            this.stepOutput = this.stepOutput.slice(-keptOutputLines);
        }
        this.onEvent({ kind: 'output', line, step: this.step });
    }
}
