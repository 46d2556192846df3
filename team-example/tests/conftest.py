"""Documents written by the tests go to a temporary folder, never into the package.

Set at import, so the notebook kernels that nbval starts inherit it as well, and removed
when the test session ends.
"""

import os
import tempfile

if "KIT_OUTPUT_DIR" not in os.environ:
    _OUTPUTS = tempfile.TemporaryDirectory(prefix="pipeline_review-test-outputs-")
    os.environ["KIT_OUTPUT_DIR"] = _OUTPUTS.name
