export const id = 201;
export const ids = [201];
export const modules = {

/***/ 201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ecsClient: () => (/* binding */ ecsClient),
/* harmony export */   elbClient: () => (/* binding */ elbClient)
/* harmony export */ });
/* unused harmony export ecrClient */
const USER_AGENT = ['ecs-kit', '1'];
function common(options) {
    return {
        region: options.region,
        retryMode: 'adaptive',
        maxAttempts: options.maxAttempts ?? 8,
        customUserAgent: [USER_AGENT],
    };
}
/** An ECS client. */
async function ecsClient(options) {
    const { ECSClient } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(212)]).then(__webpack_require__.t.bind(__webpack_require__, 212, 19));
    return new ECSClient(common(options));
}
/** An ECR client. */
async function ecrClient(options) {
    const { ECRClient } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(249)]).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
    return new ECRClient(common(options));
}
/** An ELBv2 client. */
async function elbClient(options) {
    const { ElasticLoadBalancingV2Client } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(586)]).then(__webpack_require__.t.bind(__webpack_require__, 586, 19));
    return new ElasticLoadBalancingV2Client(common(options));
}


/***/ })

};
