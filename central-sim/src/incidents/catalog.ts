import type { Rng } from '../random.ts';

/** What an appliance's drift checks find: check types with their HIPAA controls, runbooks and drift evidence. */

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface CheckKind {
  checkType: string;
  /** How often this check raises an incident, relative to the others. */
  weight: number;
  severities: readonly (readonly [Severity, number])[];
  hipaaControls: readonly string[];
  /** Runbooks tried at L1 (deterministic rules) and L2 (the planner). */
  l1Runbook: string;
  l2Runbook: string;
  /** incidents.details JSONB as the appliance reports it. */
  driftData(rng: Rng, hostname: string, detectedAt: string): Record<string, unknown>;
}

const WINDOWS_BUILDS = ['10.0.19045', '10.0.22631', '10.0.20348', '10.0.17763'];
const KB_NUMBERS = ['KB5034441', 'KB5035845', 'KB5036893', 'KB5037771', 'KB5039212', 'KB5040442', 'KB5041585'];

/** A long, realistic log/command output (hundreds to a few thousand characters). */
function commandOutput(rng: Rng, lines: readonly string[]): string {
  const count = rng.int(4, 40);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(`[${String(i + 1).padStart(3, '0')}] ${rng.pick(lines)} (0x${rng.hex(8)})`);
  return out.join('\n');
}

function host(rng: Rng, hostname: string): Record<string, unknown> {
  return { hostname, os: rng.pick(['Windows 10 Pro', 'Windows 11 Pro', 'Windows Server 2022', 'Windows Server 2019']), build: rng.pick(WINDOWS_BUILDS), domain_joined: rng.chance(0.7) };
}

export const CHECK_KINDS: readonly CheckKind[] = [
  {
    checkType: 'windows_update',
    weight: 20,
    severities: [['critical', 10], ['high', 40], ['medium', 40], ['low', 10]],
    hipaaControls: ['164.308(a)(1)(ii)(B)', '164.308(a)(5)(ii)(A)'],
    l1Runbook: 'RB-WIN-PATCH-001',
    l2Runbook: 'RB-WIN-PATCH-004',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'Windows Update compliance', expected: { max_missing_critical: 0, max_days_since_install: 30 }, actual: { missing_critical: rng.int(1, 9), days_since_install: rng.int(31, 200) } },
      host: host(rng, hostname),
      missing_updates: Array.from({ length: rng.int(1, 6) }, () => ({ kb: rng.pick(KB_NUMBERS), title: `${rng.pick(['Cumulative Update', 'Security Update', 'Servicing Stack Update'])} for Windows (${rng.pick(KB_NUMBERS)})`, severity: rng.pick(['Critical', 'Important', 'Moderate']) })),
      wuauserv: { state: rng.pick(['Running', 'Stopped', 'Disabled']), last_error: rng.chance(0.4) ? `0x8024${rng.hex(4)}` : null },
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'defender_status',
    weight: 12,
    severities: [['critical', 30], ['high', 45], ['medium', 20], ['low', 5]],
    hipaaControls: ['164.308(a)(5)(ii)(B)'],
    l1Runbook: 'RB-WIN-SEC-006',
    l2Runbook: 'RB-WIN-SEC-011',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'Microsoft Defender real-time protection', expected: { realtime_enabled: true, signature_age_days_max: 3 }, actual: { realtime_enabled: rng.chance(0.5), signature_age_days: rng.int(4, 60) } },
      host: host(rng, hostname),
      defender: { engine_version: `1.1.${rng.int(20000, 24999)}.${rng.int(0, 9)}`, tamper_protection: rng.pick(['on', 'off', 'unknown']), exclusions: Array.from({ length: rng.int(0, 4) }, () => `C:\\ProgramData\\${rng.pick(['Dentrix', 'Eaglesoft', 'Epic', 'athena', 'Kareo'])}\\${rng.hex(6)}`) },
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'backup_verify',
    weight: 10,
    severities: [['critical', 20], ['high', 50], ['medium', 25], ['low', 5]],
    hipaaControls: ['164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(B)'],
    l1Runbook: 'RB-WIN-BACKUP-002',
    l2Runbook: 'RB-WIN-BACKUP-005',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'Nightly backup completed and verified', expected: { max_hours_since_success: 26 }, actual: { hours_since_success: rng.int(27, 400) } },
      host: host(rng, hostname),
      job: { name: `${rng.pick(['Veeam', 'Datto', 'Windows Server Backup', 'Acronis'])} nightly`, last_result: rng.pick(['Failed', 'Warning', 'Missed']), target: rng.pick(['\\\\nas01\\backups', 's3://clinic-backups/nightly', 'E:\\Backups']) },
      log_tail: commandOutput(rng, ['VSS snapshot creation failed', 'Target unreachable', 'Retrying transfer', 'Verification checksum mismatch', 'Job started', 'Insufficient space on target']),
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'audit_logging',
    weight: 9,
    severities: [['high', 30], ['medium', 50], ['low', 20]],
    hipaaControls: ['164.312(b)'],
    l1Runbook: 'RB-WIN-AUDIT-001',
    l2Runbook: 'RB-WIN-AUDIT-003',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'Security audit policy', expected: { logon_events: 'Success and Failure', object_access: 'Failure', max_log_size_mb: 196 }, actual: { logon_events: rng.pick(['No Auditing', 'Success']), object_access: 'No Auditing', max_log_size_mb: rng.pick([20, 64, 128]) } },
      host: host(rng, hostname),
      auditpol_output: commandOutput(rng, ['Logon/Logoff  Logon  No Auditing', 'Object Access  File System  No Auditing', 'Account Logon  Credential Validation  Success', 'Policy Change  Audit Policy Change  Success and Failure']),
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'firewall_profile',
    weight: 9,
    severities: [['critical', 15], ['high', 45], ['medium', 35], ['low', 5]],
    hipaaControls: ['164.312(e)(1)', '164.312(a)(1)'],
    l1Runbook: 'RB-WIN-FIREWALL-001',
    l2Runbook: 'RB-WIN-FIREWALL-003',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'Windows Firewall profiles enabled', expected: { domain: true, private: true, public: true }, actual: { domain: rng.chance(0.6), private: rng.chance(0.5), public: rng.chance(0.3) } },
      host: host(rng, hostname),
      open_inbound_rules: Array.from({ length: rng.int(0, 5) }, () => ({ name: rng.pick(['Remote Desktop', 'File and Printer Sharing', 'SMBv1', 'Custom PACS', 'VNC Server']), port: rng.pick([3389, 445, 139, 104, 5900]), scope: rng.pick(['Any', 'LocalSubnet']) })),
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'bitlocker_status',
    weight: 8,
    severities: [['critical', 35], ['high', 45], ['medium', 20]],
    hipaaControls: ['164.312(a)(2)(iv)', '164.310(d)(1)'],
    l1Runbook: 'RB-WIN-ENCRYPT-001',
    l2Runbook: 'RB-WIN-ENCRYPT-002',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'BitLocker on all fixed drives', expected: { protection_status: 'On' }, actual: { protection_status: rng.pick(['Off', 'Suspended']) } },
      host: host(rng, hostname),
      volumes: Array.from({ length: rng.int(1, 3) }, (_, i) => ({ mount: `${'CDE'[i]}:`, encryption_method: rng.pick(['XtsAes128', 'XtsAes256', 'None']), percentage_encrypted: rng.pick([0, 0, 37, 100]), key_protectors: rng.chance(0.5) ? ['Tpm', 'RecoveryPassword'] : [] })),
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'password_policy',
    weight: 7,
    severities: [['high', 25], ['medium', 55], ['low', 20]],
    hipaaControls: ['164.308(a)(5)(ii)(D)', '164.312(d)'],
    l1Runbook: 'RB-WIN-SEC-002',
    l2Runbook: 'RB-WIN-SEC-009',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'Local password policy', expected: { min_length: 12, lockout_threshold: 5, max_age_days: 90 }, actual: { min_length: rng.pick([0, 6, 8]), lockout_threshold: rng.pick([0, 10]), max_age_days: rng.pick([0, 365, 999]) } },
      host: host(rng, hostname),
      accounts_never_expire: Array.from({ length: rng.int(0, 4) }, () => rng.pick(['frontdesk', 'xray', 'billing', 'drsmith', 'temp01', 'scanner'])),
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'screen_lock',
    weight: 6,
    severities: [['medium', 60], ['low', 40]],
    hipaaControls: ['164.312(a)(2)(iii)'],
    l1Runbook: 'RB-WIN-SEC-004',
    l2Runbook: 'RB-WIN-SEC-010',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'Automatic logoff / screen lock', expected: { inactivity_timeout_seconds: 900 }, actual: { inactivity_timeout_seconds: rng.pick([0, 1800, 3600]) } },
      host: host(rng, hostname),
      gpo: { applied: rng.chance(0.4), source: rng.pick(['Local', 'Default Domain Policy', null]) },
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'usb_storage',
    weight: 4,
    severities: [['high', 30], ['medium', 50], ['low', 20]],
    hipaaControls: ['164.310(d)(1)', '164.310(d)(2)(iii)'],
    l1Runbook: 'RB-WIN-DEVICE-001',
    l2Runbook: 'RB-WIN-DEVICE-002',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'Removable storage blocked', expected: { deny_write: true }, actual: { deny_write: false } },
      host: host(rng, hostname),
      devices_seen: Array.from({ length: rng.int(1, 3) }, () => ({ vendor: rng.pick(['SanDisk', 'Kingston', 'Generic']), serial: rng.hex(12).toUpperCase(), first_seen: detectedAt })),
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'ssh_config',
    weight: 4,
    severities: [['critical', 10], ['high', 40], ['medium', 40], ['low', 10]],
    hipaaControls: ['164.312(a)(1)', '164.312(d)'],
    l1Runbook: 'LIN-SSH-001',
    l2Runbook: 'LIN-SSH-003',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'sshd hardening', expected: { PermitRootLogin: 'no', PasswordAuthentication: 'no' }, actual: { PermitRootLogin: rng.pick(['yes', 'prohibit-password']), PasswordAuthentication: rng.pick(['yes', 'no']) } },
      host: { hostname, os: rng.pick(['NixOS 24.11', 'Ubuntu 22.04', 'Debian 12']), kernel: `6.${rng.int(1, 11)}.${rng.int(0, 80)}` },
      sshd_config_diff: commandOutput(rng, ['-PermitRootLogin no', '+PermitRootLogin yes', '-PasswordAuthentication no', '+PasswordAuthentication yes', ' UsePAM yes', ' X11Forwarding no']),
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'service_status',
    weight: 6,
    severities: [['high', 20], ['medium', 50], ['low', 30]],
    hipaaControls: ['164.308(a)(1)(ii)(D)'],
    l1Runbook: 'RB-WIN-SVC-001',
    l2Runbook: 'RB-WIN-SVC-003',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'Required services running', expected: { running: ['EventLog', 'WinDefend', 'MpsSvc'] }, actual: { stopped: [rng.pick(['EventLog', 'WinDefend', 'MpsSvc', 'wuauserv'])] } },
      host: host(rng, hostname),
      service_events: commandOutput(rng, ['Service Control Manager 7036: entered the stopped state', 'Service Control Manager 7031: terminated unexpectedly', 'Service Control Manager 7040: start type changed']),
      detected_at: detectedAt,
    }),
  },
  {
    checkType: 'network_segmentation',
    weight: 5,
    severities: [['critical', 15], ['high', 35], ['medium', 40], ['low', 10]],
    hipaaControls: ['164.312(e)(1)', '164.308(a)(1)(ii)(A)'],
    l1Runbook: 'RB-NET-SEG-001',
    l2Runbook: 'RB-NET-SEG-002',
    driftData: (rng, hostname, detectedAt) => ({
      check: { name: 'Clinical VLAN isolation', expected: { guest_can_reach_clinical: false }, actual: { guest_can_reach_clinical: true } },
      host: host(rng, hostname),
      probe: { from_subnet: `192.168.${rng.int(100, 199)}.0/24`, reached: Array.from({ length: rng.int(1, 4) }, () => ({ ip: `10.${rng.int(0, 9)}.${rng.int(0, 254)}.${rng.int(2, 250)}`, port: rng.pick([445, 3389, 104, 1433]) })) },
      detected_at: detectedAt,
    }),
  },
];

/** The check type the real server reports when an incident has neither a check_type nor an incident_type. */
export const UNKNOWN_CHECK_TYPE = 'unknown';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
