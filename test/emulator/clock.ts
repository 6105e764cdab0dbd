/** A clock a test sets by hand, for the emulator's auto-shutdown schedules (StartOptions.clock). */
import type { EmulatorClock } from './core';

export class ManualClock implements EmulatorClock {
    constructor(private ms: number) {}

    now(): number {
        return this.ms;
    }

    set(date: Date): void {
        this.ms = date.getTime();
    }

    advance(ms: number): void {
        this.ms += ms;
    }
}
