"""Documents written by the tests go to a temporary folder, never into the package.

Set at import, so the notebook kernels that nbval starts inherit it as well.
"""

import os
import tempfile

os.environ.setdefault("KIT_OUTPUT_DIR", tempfile.mkdtemp(prefix="pipeline_review-test-outputs-"))
