/**
 * The time zones Auto-Shutdown offers. Azure's schedules name a zone by its Windows id; each is
 * paired with the IANA zone it matches (the CLDR Windows-zone mapping) so the user's own zone can be
 * preselected and a local time shown.
 */
export interface ScheduleTimeZone {
    /** What `timeZoneId` carries: the Windows id. */
    readonly windowsId: string;
    readonly iana: string;
}

export const scheduleTimeZones: readonly ScheduleTimeZone[] = [
    { windowsId: 'UTC', iana: 'Etc/UTC' },
    { windowsId: 'GMT Standard Time', iana: 'Europe/London' },
    { windowsId: 'W. Europe Standard Time', iana: 'Europe/Berlin' },
    { windowsId: 'Romance Standard Time', iana: 'Europe/Paris' },
    { windowsId: 'Central Europe Standard Time', iana: 'Europe/Budapest' },
    { windowsId: 'Central European Standard Time', iana: 'Europe/Warsaw' },
    { windowsId: 'GTB Standard Time', iana: 'Europe/Bucharest' },
    { windowsId: 'FLE Standard Time', iana: 'Europe/Kiev' },
    { windowsId: 'Russian Standard Time', iana: 'Europe/Moscow' },
    { windowsId: 'Arabian Standard Time', iana: 'Asia/Dubai' },
    { windowsId: 'India Standard Time', iana: 'Asia/Calcutta' },
    { windowsId: 'SE Asia Standard Time', iana: 'Asia/Bangkok' },
    { windowsId: 'China Standard Time', iana: 'Asia/Shanghai' },
    { windowsId: 'Singapore Standard Time', iana: 'Asia/Singapore' },
    { windowsId: 'Tokyo Standard Time', iana: 'Asia/Tokyo' },
    { windowsId: 'Korea Standard Time', iana: 'Asia/Seoul' },
    { windowsId: 'AUS Eastern Standard Time', iana: 'Australia/Sydney' },
    { windowsId: 'New Zealand Standard Time', iana: 'Pacific/Auckland' },
    { windowsId: 'E. South America Standard Time', iana: 'America/Sao_Paulo' },
    { windowsId: 'Eastern Standard Time', iana: 'America/New_York' },
    { windowsId: 'Central Standard Time', iana: 'America/Chicago' },
    { windowsId: 'Mountain Standard Time', iana: 'America/Denver' },
    { windowsId: 'US Mountain Standard Time', iana: 'America/Phoenix' },
    { windowsId: 'Pacific Standard Time', iana: 'America/Los_Angeles' },
    { windowsId: 'Alaskan Standard Time', iana: 'America/Anchorage' },
    { windowsId: 'Hawaiian Standard Time', iana: 'Pacific/Honolulu' },
];

/** Aliases the runtime may report for a zone of the list (ICU keeps some old names). */
const ianaAliases: Readonly<Record<string, string>> = {
    UTC: 'Etc/UTC', 'Etc/GMT': 'Etc/UTC', GMT: 'Etc/UTC', 'Asia/Kolkata': 'Asia/Calcutta', 'Europe/Kyiv': 'Europe/Kiev',
};

/** The listed zone for an IANA zone (this computer's, say), or UTC when it is not listed. */
export function windowsZoneFor(iana: string | undefined): ScheduleTimeZone {
    const name = ianaAliases[iana ?? ''] ?? iana;
    return scheduleTimeZones.find((z) => z.iana === name) ?? scheduleTimeZones[0];
}

export function findScheduleTimeZone(windowsId: string): ScheduleTimeZone | undefined {
    return scheduleTimeZones.find((z) => z.windowsId.toLowerCase() === windowsId.toLowerCase());
}
