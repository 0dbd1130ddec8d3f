public enum WorkplanKit {}
