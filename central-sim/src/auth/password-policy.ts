/** validate_password_complexity of the real server; the demo users' passwords must pass it. */
const COMMON_PASSWORDS = [
  'password123', '123456789012', 'qwerty123456', 'admin123456', 'letmein123456', 'welcome12345', 'password1234',
  'administrator', 'changeme1234', 'p@ssw0rd1234', 'password123!', 'welcome123!', 'summer2024!!', 'winter2024!!',
  'spring2024!!', 'fall2024!!', 'company1234!', 'security123!', 'admin@12345', 'user@123456',
];
const SEQUENCES = ['0123456789', '9876543210', 'abcdefghijklmnopqrstuvwxyz', 'zyxwvutsrqponmlkjihgfedcba'];

/** Null when acceptable, otherwise the server's error message. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'Password must be at least 12 characters long';
  if (!/[A-Z]/.test(password)) return 'Password must contain at least one uppercase letter';
  if (!/[a-z]/.test(password)) return 'Password must contain at least one lowercase letter';
  if (!/\d/.test(password)) return 'Password must contain at least one digit';
  if (!/[!@#$%^&*()_+\-=[\]{};':"\\|,.<>/?~`]/.test(password)) return 'Password must contain at least one special character (!@#$%^&*etc.)';
  if (COMMON_PASSWORDS.includes(password.toLowerCase())) return 'Password is too common and may have been breached';
  if (/(.)\1{3,}/.test(password)) return 'Password cannot contain 4 or more repeating characters';
  const lower = password.toLowerCase();
  for (const sequence of SEQUENCES) {
    for (let i = 0; i + 4 <= sequence.length; i++) {
      if (lower.includes(sequence.slice(i, i + 4))) return 'Password cannot contain 4 or more sequential characters';
    }
  }
  return null;
}
