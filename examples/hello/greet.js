export function greet(name) {
  return `Hello from ${name} on ${navigator.userAgent}!`;
}
