// The only module that loads dockerode (and ssh2 under it). It is bundled on its own (see
// scripts/build.mjs), so activation never parses it; loadDockerode() brings it in at first use.
import Dockerode from 'dockerode';

export { Dockerode };
