"""Loading: a file's bytes → plain data with source positions → validated models;
rubrics found and checked."""
