import type { IAzureQuickPickItem, IAzureUserInput } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { AutoShutdown } from '../../azure/autoShutdown/schedule';
import { formatShutdownTime, parseShutdownTime } from '../../azure/autoShutdown/shutdownTime';
import { scheduleTimeZones, windowsZoneFor, type ScheduleTimeZone } from '../../azure/autoShutdown/timeZones';

/** Asks the daily time and the time zone of an auto-shutdown; `current` fills both in. */
export async function askAutoShutdown(ui: IAzureUserInput, current?: AutoShutdown): Promise<AutoShutdown> {
    const typed = await ui.showInputBox({
        prompt: vscode.l10n.t('Shut the VM down (deallocate it) every day at (HH:MM, 24-hour)'),
        value: current ? formatShutdownTime(current.time) : '19:00',
        validateInput: (v) => {
            const parsed = parseShutdownTime(v);
            return parsed.ok ? undefined : vscode.l10n.t('Enter a time of day as HH:MM, 24-hour (for example 19:00).');
        },
    });
    const parsed = parseShutdownTime(typed);
    if (!parsed.ok) {
        throw new Error(parsed.message);
    }
    const preferred = current?.timeZoneId ?? windowsZoneFor(Intl.DateTimeFormat().resolvedOptions().timeZone).windowsId;
    const zones = [...scheduleTimeZones].sort((a, b) => Number(b.windowsId === preferred) - Number(a.windowsId === preferred));
    const picks = zones.map<IAzureQuickPickItem<ScheduleTimeZone>>((z) => ({
        label: z.windowsId,
        description: z.windowsId === preferred ? vscode.l10n.t('{0} (current)', z.iana) : z.iana,
        data: z,
    }));
    const zone = (await ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Time zone of {0}', formatShutdownTime(parsed.hhmm)), suppressPersistence: true })).data;
    return { time: parsed.hhmm, timeZoneId: zone.windowsId };
}
