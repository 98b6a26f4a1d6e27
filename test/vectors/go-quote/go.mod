module ixjob.dev/vectors/goquote

go 1.19
