// The activation baseline: nothing to load, nothing to do.
exports.activate = function activate() {};
exports.deactivate = function deactivate() {};
