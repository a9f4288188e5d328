export const id = 276;
export const ids = [276];
export const modules = {

/***/ 6276:
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
    const { ECSClient } = await Promise.all(/* import() */[__webpack_require__.e(477), __webpack_require__.e(20)]).then(__webpack_require__.t.bind(__webpack_require__, 8020, 19));
    return new ECSClient(common(options));
}
/** An ECR client. */
async function ecrClient(options) {
    const { ECRClient } = await Promise.all(/* import() */[__webpack_require__.e(477), __webpack_require__.e(593)]).then(__webpack_require__.t.bind(__webpack_require__, 7593, 19));
    return new ECRClient(common(options));
}
/** An ELBv2 client. */
async function elbClient(options) {
    const { ElasticLoadBalancingV2Client } = await Promise.all(/* import() */[__webpack_require__.e(477), __webpack_require__.e(874)]).then(__webpack_require__.t.bind(__webpack_require__, 6874, 19));
    return new ElasticLoadBalancingV2Client(common(options));
}


/***/ })

};
