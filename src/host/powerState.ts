export type PowerState = 'running' | 'starting' | 'stopping' | 'stopped' | 'deallocating' | 'deallocated' | 'unknown';

const known: readonly PowerState[] = ['running', 'starting', 'stopping', 'stopped', 'deallocating', 'deallocated'];

/** Reads `PowerState/<state>` from a VM instance view's statuses. */
export function powerStateOf(statuses: readonly { code?: string }[] | undefined): PowerState {
    const code = statuses?.find((s) => s.code?.toLowerCase().startsWith('powerstate/'))?.code;
    const state = code?.slice('powerstate/'.length).toLowerCase() as PowerState | undefined;
    return state && known.includes(state) ? state : 'unknown';
}
