; IP Ledger's Windows installer (SPEC §14), made by scripts/build_windows.sh with Debian's makensis:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSOURCE=dist/windows/ipledger -DICON=... -DOUTFILE=... ipledger.nsi
; Per user: no administrator rights, the program under %LOCALAPPDATA%\Programs\IPLedger, a Start-menu
; entry, an uninstaller in "Apps & features". The ledger is not the program's: it lives in
; %LOCALAPPDATA%\PutuoIP\IPLedger (app.paths.data_dir), which neither an update nor the uninstaller touches.
; Silent with /S (and /D=FOLDER as the last argument for another folder).

; a 64-bit installer (the program is 64-bit only): it also runs under a Wine without 32-bit support
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!define APPNAME "知识产权工作台账"
!define REGKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\IPLedger"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\IPLedger"
InstallDirRegKey HKCU "${REGKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME} (IP Ledger)"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "上海市普陀区知识产权局"
VIAddVersionKey /LANG=2052 "LegalCopyright" "上海市普陀区知识产权局"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\ipledger.exe"
!define MUI_FINISHPAGE_RUN_TEXT "打开${APPNAME}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "Program"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; an update replaces the program's files whole (a file an older version had must not linger)
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortCut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\ipledger.exe" "" "$INSTDIR\ipledger.exe" 0
  WriteRegStr HKCU "${REGKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${REGKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${REGKEY}" "Publisher" "上海市普陀区知识产权局"
  WriteRegStr HKCU "${REGKEY}" "DisplayIcon" "$INSTDIR\ipledger.exe"
  WriteRegStr HKCU "${REGKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${REGKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${REGKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${REGKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${REGKEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  ; only what the installer put there: the ledger, its backups and the log live elsewhere and stay
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\ipledger.exe"
  Delete "$INSTDIR\ipledger-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${REGKEY}"
SectionEnd
