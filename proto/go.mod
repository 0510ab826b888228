module github.com/zsuite/proto

go 1.26.0
