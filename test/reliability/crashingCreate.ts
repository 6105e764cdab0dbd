/**
 * A create in a process of its own, so a test can kill it mid-run as a crash or a closed VS Code
 * would: `node crashingCreate.js '<json>'` with the plan, the storage folder and the custom cloud
 * settings; the environment carries the emulator's credentials and CA, as the extension host's does.
 */
import { resolveCloud, type CustomEnvironmentSetting } from '../../src/azure/cloud';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import { journalIn } from '../../src/azure/create/runJournal';
import { environmentSource } from '../../src/azure/credentialSources';

export interface CrashingCreateInput {
    plan: CreateHostPlan;
    storageRoot: string;
    customEnvironment: CustomEnvironmentSetting;
    generatedSshKey?: string;
}

async function main(input: CrashingCreateInput): Promise<void> {
    const cloud = resolveCloud('custom', input.customEnvironment);
    const [subscription] = await environmentSource(cloud, process.env).listSubscriptions();
    const outcome = await createDockerHost({
        plan: input.plan,
        cloud,
        credential: subscription.credential,
        storageRoot: input.storageRoot,
        engineTimeoutMs: 60_000,
        pollIntervalMs: 10,
        journal: journalIn(input.storageRoot),
        generatedSshKey: input.generatedSshKey,
        onEvent: (e) => console.log(`${e.type} ${e.nodeId}`),
    });
    console.log(`outcome ${outcome.ok}`);
}

main(JSON.parse(process.argv[2]) as CrashingCreateInput).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
