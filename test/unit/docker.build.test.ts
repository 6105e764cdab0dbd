import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BuildInputError, planBuildContext } from '../../src/docker/build/buildContext';
import { parseBuildArgs } from '../../src/docker/build/buildImage';
import { BuildStreamParser, type BuildEvent } from '../../src/docker/build/buildProgress';
import { defaultImageTag, validateImageTag } from '../../src/docker/build/imageTag';

describe('image tags', () => {
    it('accepts what docker build -t accepts', () => {
        for (const tag of ['app', 'app:latest', 'my-app_2:v1.2.3', 'team/app:1', 'registry.example.com:5000/team/app:1.0', 'localhost/a__b:x', '[::1]:5000/app']) {
            assert.equal(validateImageTag(tag), undefined, tag);
        }
    });

    it('refuses uppercase names, empty parts, digests and long tags with a message', () => {
        for (const tag of ['', 'App:1', 'app:', ':1', 'app:-x', 'app@sha256:abc', 'a//b', 'app:has space', `app:${'x'.repeat(129)}`, '-app']) {
            assert.match(validateImageTag(tag) ?? '', /tag|Enter/, JSON.stringify(tag));
        }
    });

    it('derives <folder>:latest in the grammar', () => {
        assert.equal(defaultImageTag('My Project'), 'my-project:latest');
        assert.equal(defaultImageTag('__x__'), 'x:latest');
        assert.equal(defaultImageTag('日本'), 'image:latest');
        assert.equal(validateImageTag(defaultImageTag('Weird..Name--')), undefined);
    });
});

describe('build args', () => {
    it('reads NAME=value lines or commas, keeping = in values', () => {
        assert.deepEqual(parseBuildArgs('A=1\n B = two \n\nC=x=y'), { A: '1', B: ' two', C: 'x=y' });
        assert.deepEqual(parseBuildArgs('A=1,B=2'), { A: '1', B: '2' });
        assert.throws(() => parseBuildArgs('NOVALUE'), BuildInputError);
        assert.throws(() => parseBuildArgs('=x'), /not a build argument/);
    });
});

describe('the build stream', () => {
    function parse(chunks: string[]): { events: BuildEvent[]; parser: BuildStreamParser } {
        const events: BuildEvent[] = [];
        const parser = new BuildStreamParser((e) => events.push(e));
        chunks.forEach((c) => parser.push(Buffer.from(c)));
        parser.end();
        return { events, parser };
    }
    const msg = (o: object) => `${JSON.stringify(o)}\r\n`;

    it('follows steps and their output across split messages and split lines', () => {
        const all = msg({ stream: 'Step 1/2 : FROM base\n' }) + msg({ stream: ' ---> abc\n' }) + msg({ stream: 'Step 2/2 : RUN make\n' }) + msg({ stream: 'compil' }) + msg({ stream: 'ing é\ndone\n' }) + msg({ aux: { ID: 'sha256:123' } }) + msg({ stream: 'Successfully built 123\n' });
        const { events, parser } = parse([all.slice(0, 37), all.slice(37, 120), all.slice(120)]);
        assert.deepEqual(events.filter((e) => e.kind === 'step').map((e) => e.kind === 'step' && e.step.instruction), ['FROM base', 'RUN make']);
        assert.deepEqual(events.filter((e) => e.kind === 'output' && e.step?.index === 2).map((e) => e.kind === 'output' && e.line), ['compiling é', 'done', 'Successfully built 123']);
        assert.equal(parser.imageId, 'sha256:123');
        assert.equal(parser.failure, undefined);
    });

    it('keeps the failing step and its last output with the engine\'s message', () => {
        const { events, parser } = parse([
            msg({ stream: 'Step 1/3 : FROM base\n' }), msg({ stream: 'Step 2/3 : RUN test\n' }), msg({ stream: 'FAIL: 1 test\nno newline' }),
            msg({ errorDetail: { code: 1, message: "The command '/bin/sh -c test' returned a non-zero code: 1" }, error: 'ignored when errorDetail is there' }),
        ]);
        assert.equal(parser.failure?.step?.index, 2);
        assert.deepEqual(parser.failure?.output, ['FAIL: 1 test', 'no newline']);
        assert.equal(parser.failure?.message, "Step 2/3 (RUN test) failed: The command '/bin/sh -c test' returned a non-zero code: 1");
        assert.equal(events.at(-1)?.kind, 'error');
    });

    it('shows a line that is not JSON instead of dropping it', () => {
        const { events } = parse(['<html>bad gateway</html>\n']);
        assert.deepEqual(events, [{ kind: 'output', line: '<html>bad gateway</html>', step: undefined }]);
    });
});

describe('the build context plan', () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adh-plan-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function write(rel: string, content: string | number): void {
        const file = path.join(dir, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, typeof content === 'number' ? Buffer.alloc(content) : content);
    }

    it('lists kept entries, counts what is left out, and names the heaviest folders', async () => {
        write('build/Dockerfile', 'FROM x');
        write('.dockerignore', 'build\nnode_modules\n');
        write('node_modules/a/b.js', 5000);
        write('assets/big.bin', 3000);
        write('src/a.ts', 200);
        write('src/lib/b.ts', 100);
        write('docs/x.md', 10);
        write('top.txt', 9000);
        const plan = await planBuildContext(dir, 'build/Dockerfile');
        assert.equal(plan.dockerfile, 'build/Dockerfile');
        // The Dockerfile comes back from its excluded folder, without the folder's other files.
        assert.deepEqual(plan.entries, ['.dockerignore', 'assets', 'assets/big.bin', 'build/Dockerfile', 'docs', 'docs/x.md', 'src', 'src/a.ts', 'src/lib', 'src/lib/b.ts', 'top.txt']);
        assert.equal(plan.files, 7);
        assert.equal(plan.bytes, 3000 + 200 + 100 + 10 + 9000 + 'FROM x'.length + 'build\nnode_modules\n'.length);
        assert.deepEqual(plan.biggestFolders, [{ path: 'assets', bytes: 3000 }, { path: 'src', bytes: 300 }, { path: 'docs', bytes: 10 }]);
        assert.equal(plan.ignored, 1);
    });

    it('refuses a missing context or a Dockerfile outside it', async () => {
        await assert.rejects(planBuildContext(path.join(dir, 'nope'), 'Dockerfile'), /is not a folder/);
        write('Dockerfile', 'FROM x');
        fs.mkdirSync(path.join(dir, 'ctx'));
        await assert.rejects(planBuildContext(path.join(dir, 'ctx'), path.join(dir, 'Dockerfile')), /not inside the build context/);
        await assert.rejects(planBuildContext(dir, 'Dockerfile.prod'), /There is no Dockerfile at "Dockerfile.prod"/);
    });
});
