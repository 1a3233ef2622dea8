// Placeholder: being written. See the module's owner.
export {};
