#!/usr/bin/env python3
"""Packs the gatelint binary that a wheel carries into a release archive in cargo-binstall's
default layout, with its checksum beside it:

    scripts/release-archive.py WHEEL TARGET OUT_DIR

writes OUT_DIR/gatelint-TARGET-vVERSION.tgz (`.zip` for Windows targets), holding
`gatelint-TARGET-vVERSION/gatelint[.exe]`, and OUT_DIR/<archive>.sha256 (`<hex>  <archive>`,
as `sha256sum` prints it). VERSION is the wheel's. The release workflow runs it on each wheel it
built and tested, so the archive holds the very binary the wheel does; tests/action.rs runs it to
build the release folder the Action's installer is tested against.

Only the standard library: it runs on every runner's Python.
"""

import hashlib
import io
import sys
import tarfile
import zipfile
from pathlib import Path


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    wheel, target, out_dir = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    windows = "windows" in target
    exe = "gatelint.exe" if windows else "gatelint"
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if n.endswith(".data/scripts/" + exe)]
        if len(names) != 1:
            print(f"release-archive: no {exe} in {wheel}", file=sys.stderr)
            return 1
        binary = archive.read(names[0])
        # gatelint-0.1.0.data/scripts/gatelint -> 0.1.0
        version = names[0].split("/")[0][len("gatelint-") : -len(".data")]

    stem = f"gatelint-{target}-v{version}"
    out_dir.mkdir(parents=True, exist_ok=True)
    member = f"{stem}/{exe}"
    if windows:
        path = out_dir / f"{stem}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o100755 << 16
            out.writestr(info, binary, zipfile.ZIP_DEFLATED)
    else:
        path = out_dir / f"{stem}.tgz"
        with tarfile.open(path, "w:gz") as out:
            folder = tarfile.TarInfo(stem)
            folder.type = tarfile.DIRTYPE
            folder.mode = 0o755
            out.addfile(folder)
            info = tarfile.TarInfo(member)
            info.size = len(binary)
            info.mode = 0o755
            out.addfile(info, io.BytesIO(binary))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    Path(f"{path}.sha256").write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
