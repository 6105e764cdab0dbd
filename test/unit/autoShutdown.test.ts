import * as assert from 'node:assert/strict';
import { scheduleBody, shutdownScheduleId } from '../../src/azure/autoShutdown/schedule';
import { formatShutdownTime, parseShutdownTime } from '../../src/azure/autoShutdown/shutdownTime';
import { findScheduleTimeZone, scheduleTimeZones, windowsZoneFor } from '../../src/azure/autoShutdown/timeZones';
import { lastOccurrence } from '../emulator/shutdownScheduler';

describe('auto-shutdown schedule', () => {
    it('reads the times a user types and refuses what is not a time of day', () => {
        assert.deepEqual(parseShutdownTime('19:00'), { ok: true, hhmm: '1900' });
        assert.deepEqual(parseShutdownTime(' 7:05 '), { ok: true, hhmm: '0705' });
        assert.deepEqual(parseShutdownTime('2359'), { ok: true, hhmm: '2359' });
        for (const bad of ['24:00', '19:60', '7', '19:0', 'seven', '', '-1:00']) {
            assert.equal(parseShutdownTime(bad).ok, false, bad);
        }
        assert.equal(formatShutdownTime('0705'), '07:05');
    });

    it('names the schedule shutdown-computevm-<vm> in the VM\'s resource group, as Azure requires', () => {
        assert.equal(shutdownScheduleId('/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/dock1'),
            '/subscriptions/s/resourceGroups/rg1/providers/Microsoft.DevTestLab/schedules/shutdown-computevm-dock1');
    });

    it('tags the schedule as the extension\'s, with the VM\'s run id when it has one', () => {
        const body = scheduleBody({ id: 'vm-id', location: 'eastus', tags: { 'azure-docker-hosts:provisioning': 'run-1', other: 'x' } }, { time: '1900', timeZoneId: 'UTC' });
        assert.deepEqual(body.tags, { 'azure-docker-hosts:managed': 'true', 'azure-docker-hosts:provisioning': 'run-1' });
        assert.deepEqual(body.properties, {
            status: 'Enabled', taskType: 'ComputeVmShutdownTask', dailyRecurrence: { time: '1900' }, timeZoneId: 'UTC',
            notificationSettings: { status: 'Disabled', timeInMinutes: 30 }, targetResourceId: 'vm-id',
        });
        assert.deepEqual(scheduleBody({ id: 'vm-id', location: 'eastus' }, { time: '1900', timeZoneId: 'UTC' }).tags, { 'azure-docker-hosts:managed': 'true' });
    });

    it('preselects this computer\'s zone, and UTC for a zone it does not list', () => {
        assert.equal(windowsZoneFor('Europe/Berlin').windowsId, 'W. Europe Standard Time');
        assert.equal(windowsZoneFor('Asia/Kolkata').windowsId, 'India Standard Time');
        assert.equal(windowsZoneFor('Antarctica/Troll').windowsId, 'UTC');
        assert.equal(findScheduleTimeZone('pacific standard time')?.iana, 'America/Los_Angeles');
        // Every IANA zone of the list is one the runtime knows.
        for (const zone of scheduleTimeZones) {
            assert.doesNotThrow(() => new Intl.DateTimeFormat('en-US', { timeZone: zone.iana }), zone.iana);
        }
    });

    it('the emulator finds the last time a zone\'s clock read hh:mm, across a DST change', () => {
        const at = (iso: string) => Date.parse(iso);
        assert.equal(lastOccurrence(at('2026-12-01T18:30:00Z'), '1900', 'Europe/Berlin'), at('2026-12-01T18:00:00Z'));
        assert.equal(lastOccurrence(at('2026-12-01T17:30:00Z'), '1900', 'Europe/Berlin'), at('2026-11-30T18:00:00Z'));
        // Summer time in Berlin (UTC+2) and in Los Angeles (UTC-7).
        assert.equal(lastOccurrence(at('2026-07-01T18:00:00Z'), '1900', 'Europe/Berlin'), at('2026-07-01T17:00:00Z'));
        assert.equal(lastOccurrence(at('2026-07-02T03:00:00Z'), '1900', 'America/Los_Angeles'), at('2026-07-02T02:00:00Z'));
        // The day after the spring change: 02:30 local is 00:30 UTC (UTC+2).
        assert.equal(lastOccurrence(at('2026-03-30T01:00:00Z'), '0230', 'Europe/Berlin'), at('2026-03-30T00:30:00Z'));
    });
});
