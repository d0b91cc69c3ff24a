"""Static files in production: hashed, compressed names, with JavaScript module imports rewritten too.

WhiteNoise's storage gives every file a name that carries a hash of its content, so browsers may keep it for
ever. Django rewrites `url()` in CSS to those names, but leaves `import ... from "./api.js"` alone unless
asked: a page module with a new hash would then import an old, still cached `api.js` after a deploy. With
the import rewriting on, each module imports its neighbours by their hashed names, so a change to a shared
module gives every module that imports it a new hash as well.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
