export type StreamKind = 'stdout' | 'stderr';

/**
 * Undoes the engine's multiplexing of a non-TTY container's output: each frame is an 8-byte header
 * (stream type, 3 zero bytes, big-endian payload length) and the payload. Frames may be split across
 * chunks, and a chunk may hold several.
 */
export class FrameDemuxer {
    private buffer: Buffer = Buffer.alloc(0);

    constructor(private readonly emit: (stream: StreamKind, payload: Buffer) => void) {}

    push(chunk: Buffer): void {
        this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
        while (this.buffer.length >= 8) {
            const length = this.buffer.readUInt32BE(4);
            if (this.buffer.length < 8 + length) {
                return;
            }
            // 0 (stdin, only echoed back on attach) and 1 are shown as stdout.
            const kind: StreamKind = this.buffer[0] === 2 ? 'stderr' : 'stdout';
            const payload = this.buffer.subarray(8, 8 + length);
            this.buffer = this.buffer.subarray(8 + length);
            this.emit(kind, payload);
        }
    }

    /** Bytes of an incomplete frame left when the stream ended. */
    get pendingBytes(): number {
        return this.buffer.length;
    }
}
