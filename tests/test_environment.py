"""The install is reproducible: pins agree everywhere, and the installed versions are the pinned ones."""
import re
import tomllib
from importlib.metadata import version

import yaml

from grading.course import ROOT


def pyproject_pins() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = {}
    for dep in deps:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", dep)
        assert m, f"pyproject.toml: {dep!r} is not pinned with =="
        pins[m[1].lower()] = m[2]
    return pins


def conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    pins = {}
    for dep in pip_section:
        if dep.startswith("-"):
            continue
        name, _, ver = dep.partition("==")
        pins[name.strip().lower()] = ver.strip()
    return pins


def test_environment_yml_mirrors_pyproject():
    assert conda_pins() == pyproject_pins()


def test_environment_yml_uses_the_same_python_minor_as_ci():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]


def test_installed_versions_are_the_pinned_ones():
    for name, pinned in pyproject_pins().items():
        installed = version(name).split("+")[0]  # torch reports e.g. 2.13.0+cpu
        assert installed == pinned, f"{name}: installed {installed}, pinned {pinned} (run 'make setup')"


def test_course_requirements_are_covered():
    assert {"jupyterlab", "numpy", "torch", "matplotlib", "nbgrader", "pytest", "nbval"} <= set(pyproject_pins())


def test_makefile_installs_torch_first_from_the_pyproject_pin():
    makefile = (ROOT / "Makefile").read_text() + (ROOT / "common.mk").read_text()
    for target in ("setup:", "lab:", "test:", "release:"):
        assert re.search(rf"^{target}", makefile, re.M), f"Makefile lacks {target}"
    torch_line = makefile.index('pip install --quiet "$(TORCH)"')
    assert torch_line < makefile.index("pip install --quiet -e .")


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[: readme.index("\n## ")]
    assert "make lab" in head and "make test" in head
