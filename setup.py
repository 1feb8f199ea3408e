"""Build hook: ship the checkout's ``content/`` folder inside the wheel as ``bot/_content``.

All metadata lives in ``pyproject.toml``. Staff edit ``content/`` at the top of the checkout
and other branches change it all the time, so the folder stays where it is; a plain
``package-data`` entry cannot reach outside a package and ``packages.find`` cannot map a folder
to a new package name, hence this one copy step. Editable installs (``pip install -e``, which
``make`` uses) skip it: there :func:`bot.config.bundled_content_dir` finds ``content/`` itself.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONTENT = Path(__file__).parent / "content"


class BuildPyWithContent(build_py):
    """``build_py`` that also copies ``content/`` (all but hidden files) to ``bot/_content``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib, "bot", "_content")
        for source in sorted(CONTENT.rglob("*")):
            parts = source.relative_to(CONTENT).parts
            if source.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in parts):
                destination = target / source.relative_to(CONTENT)
                self.mkpath(str(destination.parent))
                self.copy_file(str(source), str(destination), preserve_mode=False)


setup(cmdclass={"build_py": BuildPyWithContent})
