#!/usr/bin/env pwsh
# PowerShell front door to build.sh: same commands, same behaviour. All logic lives in build.sh so the
# two cannot drift; on Windows run it under Git Bash or WSL.
param([Parameter(Position = 0)][string]$Command = 'build')
$ErrorActionPreference = 'Stop'
$script = Join-Path $PSScriptRoot 'build.sh'
$bash = Get-Command bash -ErrorAction SilentlyContinue
if (-not $bash) {
    Write-Error 'build.ps1 needs bash (Git Bash or WSL on Windows) to run build.sh.'
    exit 2
}
& $bash.Source $script $Command
exit $LASTEXITCODE
