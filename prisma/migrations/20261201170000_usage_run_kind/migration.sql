-- A scheduled usage refresh is a run of its own kind, so a Synchronize never resumes one (and vice versa).
ALTER TYPE "RunKind" ADD VALUE 'USAGE';
