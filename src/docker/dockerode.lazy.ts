// The only module that loads dockerode (and ssh2 under it). It is bundled on its own (see
// scripts/build.mjs), so activation never parses it; loadDockerode() brings it in at first use.
import Dockerode from 'dockerode';
// dockerode depends on both already, so a build context costs the bundle nothing more.
import dockerignore from '@balena/dockerignore';
import { pack as tarPack } from 'tar-fs';

export { Dockerode, dockerignore, tarPack };
