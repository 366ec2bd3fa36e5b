<#
.SYNOPSIS
  Vigil agent for Windows: reports this host to Vigil (POST /api/v1/checkins, docs/CHECKIN.md).

.DESCRIPTION
  Sends the machine id (MachineGuid), host name, addresses, Windows edition and version, the
  installed programs (from the registry's Uninstall keys) and the anti-malware state: Microsoft
  Defender through Get-MpComputerStatus, other products through the root/SecurityCenter2
  AntiVirusProduct class (workstations only; Windows Server has no Security Center).

.EXAMPLE
  powershell -NoProfile -ExecutionPolicy Bypass -File vigil-agent.ps1 -Url https://vigil.example.gov.vn -Token vge_...

.NOTES
  Install (as an administrator): copy to C:\ProgramData\Vigil\vigil-agent.ps1, then
    schtasks /Create /TN "Vigil Agent" /SC MINUTE /MO 30 /RU SYSTEM /RL HIGHEST /F /TR "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\ProgramData\Vigil\vigil-agent.ps1 -Url https://vigil.example.gov.vn -Token vge_..."
  The URL and token may also come from the VIGIL_URL and VIGIL_TOKEN environment variables.
  -DryRun prints the report and sends nothing.
#>
param(
  [string]$Url = $env:VIGIL_URL,
  [string]$Token = $env:VIGIL_TOKEN,
  [switch]$DryRun
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2

if (-not $DryRun -and (-not $Url -or -not $Token)) {
  Write-Error 'vigil-agent: give -Url and -Token (or VIGIL_URL and VIGIL_TOKEN)'
  exit 2
}

function ConvertTo-IsoUtc($date) {
  if ($null -eq $date) { return $null }
  try { return ([datetime]$date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') } catch { return $null }
}

$machineId = (Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Cryptography').MachineGuid
$os = Get-CimInstance Win32_OperatingSystem

# Role: ProductType 1 is a workstation (a laptop when the chassis says so), 2 and 3 are servers.
$role = 'workstation'
if ($os.ProductType -ne 1) { $role = 'server' }
else {
  $chassis = @((Get-CimInstance Win32_SystemEnclosure).ChassisTypes)
  if ($chassis | Where-Object { $_ -in 8, 9, 10, 14, 30, 31, 32 }) { $role = 'laptop' }
}

$addresses = @(Get-NetIPAddress -ErrorAction SilentlyContinue |
  Where-Object { $_.AddressState -eq 'Preferred' -and $_.IPAddress -notmatch '^(127\.|::1$|169\.254\.)' } |
  ForEach-Object { ($_.IPAddress -split '%')[0] } | Select-Object -Unique)

# Installed programs, 64- and 32-bit, without updates and system components.
$software = @(
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*',
  'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*' |
  ForEach-Object { Get-ItemProperty $_ -ErrorAction SilentlyContinue } |
  Where-Object { $_.PSObject.Properties['DisplayName'] -and $_.DisplayName -and -not ($_.PSObject.Properties['SystemComponent'] -and $_.SystemComponent -eq 1) } |
  ForEach-Object {
    [ordered]@{
      name    = [string]$_.DisplayName
      vendor  = if ($_.PSObject.Properties['Publisher']) { [string]$_.Publisher } else { '' }
      version = if ($_.PSObject.Properties['DisplayVersion']) { [string]$_.DisplayVersion } else { '' }
    }
  } | Sort-Object { $_.name } -Unique)

$antimalware = New-Object System.Collections.ArrayList

# Microsoft Defender. "Managed" when it is onboarded to Defender for Endpoint or set by policy.
try {
  $mp = Get-MpComputerStatus
  $onboarded = (Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows Advanced Threat Protection\Status' -ErrorAction SilentlyContinue).OnboardingState -eq 1
  $policy = Test-Path 'HKLM:\SOFTWARE\Policies\Microsoft\Windows Defender'
  $lastScan = @($mp.QuickScanEndTime, $mp.FullScanEndTime) | Where-Object { $_ } | Sort-Object -Descending | Select-Object -First 1
  [void]$antimalware.Add([ordered]@{
    product       = 'Microsoft Defender Antivirus'
    version       = [string]$mp.AMProductVersion
    enabled       = [bool]($mp.AMServiceEnabled -and $mp.AntivirusEnabled)
    realTime      = [bool]$mp.RealTimeProtectionEnabled
    managed       = [bool]($onboarded -or $policy)
    signatureDate = ConvertTo-IsoUtc $mp.AntivirusSignatureLastUpdated
    lastScan      = ConvertTo-IsoUtc $lastScan
  })
} catch { }

# Other products registered with Security Center. productState: byte 2 is 0x10 when scanning is
# on, byte 3 is 0x00 when signatures are up to date.
try {
  foreach ($product in Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName AntiVirusProduct) {
    if ($product.displayName -like '*Windows Defender*' -or $product.displayName -like '*Microsoft Defender*') { continue }
    $state = [int]$product.productState
    $on = (($state -shr 8) -band 0xFF) -band 0x10
    $upToDate = ($state -band 0xFF) -eq 0
    [void]$antimalware.Add([ordered]@{
      product       = [string]$product.displayName
      version       = ''
      enabled       = [bool]$on
      realTime      = [bool]$on
      managed       = $false
      signatureDate = if ($upToDate) { ConvertTo-IsoUtc $product.timestamp } else { $null }
      lastScan      = $null
    })
  }
} catch { }

$report = [ordered]@{
  machineId   = $machineId
  hostname    = $env:COMPUTERNAME
  sentAt      = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
  addresses   = $addresses
  os          = [ordered]@{ name = [string]$os.Caption; version = [string]$os.Version }
  role        = $role
  software    = $software
  antimalware = @($antimalware)
}
$json = $report | ConvertTo-Json -Depth 5 -Compress

if ($DryRun) { $json; exit 0 }

try {
  $answer = Invoke-RestMethod -Method Post -Uri ($Url.TrimEnd('/') + '/api/v1/checkins') -TimeoutSec 60 `
    -Headers @{ Authorization = "Bearer $Token" } -ContentType 'application/json; charset=utf-8' `
    -Body ([System.Text.Encoding]::UTF8.GetBytes($json))
  $answer | ConvertTo-Json -Compress
  exit 0
} catch {
  Write-Error "vigil-agent: $($_.Exception.Message) $($_.ErrorDetails.Message)"
  exit 1
}
