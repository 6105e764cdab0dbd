/**
 * Fires auto-shutdown schedules: a VM whose schedule's daily time (in its time zone) passed since
 * the schedule was last looked at is deallocated, as Azure's shutdown service does. The time comes
 * from the core's clock; the emulator checks every second, and a test that moved its ManualClock
 * calls runDueSchedules to have it looked at at once.
 */
import { findScheduleTimeZone } from '../../src/azure/autoShutdown/timeZones';
import { platformDeallocate } from './arm/vmPower';
import type { EmulatorCore } from './core';
import { types } from './state';
import { obj, str } from './util';

/** How far `zone`'s wall clock is ahead of UTC at `utcMs`. */
function offsetMs(utcMs: number, zone: string): number {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(utcMs)).map((p) => [p.type, Number(p.value)]));
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(utcMs / 1000) * 1000;
}

/** The last instant at or before `nowMs` when `zone`'s wall clock read hh:mm. */
export function lastOccurrence(nowMs: number, hhmm: string, zone: string): number {
    const hours = Number(hhmm.slice(0, 2));
    const minutes = Number(hhmm.slice(2));
    const local = new Date(nowMs + offsetMs(nowMs, zone));
    for (let daysBack = 0; daysBack <= 2; daysBack++) {
        const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - daysBack, hours, minutes);
        // Twice, so a DST change between the guess and the answer is taken into account.
        let at = wall - offsetMs(wall, zone);
        at = wall - offsetMs(at, zone);
        if (at <= nowMs) {
            return at;
        }
    }
    return -Infinity;
}

/** Deallocates the VMs whose schedules came due; answers the ids of those it powered off. */
export async function runDueSchedules(core: EmulatorCore): Promise<string[]> {
    const now = core.clock.now();
    const fired: string[] = [];
    for (const schedule of core.state.all().filter((r) => r.type === types.schedule)) {
        const since = schedule.checkedAt ?? now;
        schedule.checkedAt = now;
        const zone = findScheduleTimeZone(str(schedule.properties.timeZoneId) ?? '');
        const time = str(obj(schedule.properties.dailyRecurrence)?.time);
        if (str(schedule.properties.status) !== 'Enabled' || !zone || !time || lastOccurrence(now, time, zone.iana) <= since) {
            continue;
        }
        const vm = core.state.get(str(schedule.properties.targetResourceId) ?? '');
        if (vm?.type === types.vm && (await platformDeallocate(core, vm))) {
            fired.push(vm.id);
        }
    }
    return fired;
}
