export const id = 558;
export const ids = [558];
export const modules = {

/***/ 4558:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ runChecked),
/* harmony export */   a: () => (/* binding */ dockerLogin),
/* harmony export */   dockerCli: () => (/* binding */ dockerCli),
/* harmony export */   dockerLogout: () => (/* binding */ dockerLogout)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Running the docker CLI. Output streams to the step log as it comes (builds are long); secrets reach
 * docker through stdin or the environment, never the argv.
 */

/** A runner for the `docker` executable found on PATH (or another one). */
function dockerCli(executable = 'docker') {
    return {
        run: (args, options = {}) => new Promise((resolve, reject) => {
            const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(executable, [...args], {
                cwd: options.cwd,
                env: { ...process.env, ...options.env },
                stdio: ['pipe', 'pipe', 'pipe'],
                signal: options.signal,
            });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (chunk) => {
                stdout += chunk.toString();
                if (!options.quiet)
                    process.stdout.write(chunk);
            });
            child.stderr.on('data', (chunk) => {
                stderr += chunk.toString();
                if (!options.quiet)
                    process.stderr.write(chunk);
            });
            child.on('error', (error) => {
                // A cancelled run kills docker through the signal: report the cancellation, not a spawn failure.
                if (options.signal?.aborted)
                    reject(options.signal.reason);
                else
                    reject(new Error(`cannot run ${executable}: ${error.message}`, { cause: error }));
            });
            child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
            child.stdin.end(options.stdin ?? '');
        }),
    };
}
/** Runs a command and throws `<what> failed (exit N): <last stderr lines>` when it fails. */
async function runChecked(docker, args, options) {
    const { what, ...runOptions } = options;
    const result = await docker.run(args, runOptions);
    if (result.code !== 0) {
        const reason = result.stderr.trim().split('\n').slice(-3).join(' ').trim() || 'no error output';
        throw new Error(`${what} failed (exit ${result.code}): ${reason}`);
    }
    return result;
}
/** `docker login` to a registry with the password on stdin. */
async function dockerLogin(docker, credentials) {
    await runChecked(docker, ['login', '--username', credentials.username, '--password-stdin', credentials.registry], {
        what: `docker login ${credentials.registry}`,
        stdin: credentials.password,
        quiet: true,
    });
}
/** `docker logout` from a registry. */
async function dockerLogout(docker, registry) {
    await runChecked(docker, ['logout', registry], { what: `docker logout ${registry}`, quiet: true });
}


/***/ })

};
