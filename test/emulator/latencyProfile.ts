/**
 * The `azure-typical` latency profile, in seconds per ARM operation. The figures are approximate,
 * read from public Terraform and CLI logs of Azure creates (docs/design.md, "Performance evidence"). Keep every figure here,
 * so that a better-sourced one replaces a guess in one place: the emulator, the benchmarks and the
 * critical-path bound all read this file.
 */
import type { ArmOperationKind } from '../../src/azure/provisioning/graph';

export type { ArmOperationKind };

export const azureTypicalSeconds: Readonly<Record<ArmOperationKind, number>> = {
    resourceGroup: 2,
    virtualNetwork: 8,
    networkSecurityGroup: 5,
    publicIPAddress: 4,
    networkInterface: 4,
    virtualMachine: 50,
    virtualMachineExtension: 40,
};

/** A delete takes as long as its create. */
export function deleteSeconds(kind: ArmOperationKind): number {
    return azureTypicalSeconds[kind];
}

export type LatencyProfile = { name: 'instant' } | { name: 'azure-typical'; scale: number };

/** Milliseconds an operation of `kind` takes under `profile` (scale 100 means ÷100). */
export function operationDelayMs(profile: LatencyProfile, kind: ArmOperationKind): number {
    return profile.name === 'instant' ? 0 : (azureTypicalSeconds[kind] * 1000) / profile.scale;
}
