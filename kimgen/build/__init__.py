"""The build stage: plan, build the KIMs, the portal and the search index, publish."""

from kimgen.build.options import BuildError, BuildOptions, BuildResult
from kimgen.build.pipeline import build

__all__ = ["BuildError", "BuildOptions", "BuildResult", "build"]
